-- The catalogue shows each resource's current unit price; NULL for a resource registered before prices.
ALTER TABLE resource_availability ADD COLUMN unit_price BIGINT, ADD COLUMN currency VARCHAR(3);
