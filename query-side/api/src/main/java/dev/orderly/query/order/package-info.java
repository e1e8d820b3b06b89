/** Queries and views of orders. */
package dev.orderly.query.order;
