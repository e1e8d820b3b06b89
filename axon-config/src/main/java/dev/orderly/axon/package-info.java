/**
 * Infrastructure shared by every node: Axon's JDBC event, token, saga and dead-letter stores on PostgreSQL, the
 * Flyway migrations that own their tables, the persistent deadline manager, and the embedded PostgreSQL default.
 */
package dev.orderly.axon;
