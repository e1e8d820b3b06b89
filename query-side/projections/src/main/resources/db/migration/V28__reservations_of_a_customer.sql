-- GraphQL's me.reservations pages through one customer's reservations in id order: without this index every page
-- scans the whole table by primary key and filters the customer's rows out of everyone's.
CREATE INDEX reservation_status_customer ON reservation_status (customer_id, reservation_id);
