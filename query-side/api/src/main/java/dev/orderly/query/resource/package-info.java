/** Queries and views of resources and their reservations. */
package dev.orderly.query.resource;
