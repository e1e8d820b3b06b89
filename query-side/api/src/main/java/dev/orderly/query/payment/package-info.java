/** Queries and views of payments and of the manual-intervention queue. */
package dev.orderly.query.payment;
