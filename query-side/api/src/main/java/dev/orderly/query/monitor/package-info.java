/** The query and view of the runtime-verification monitor. */
package dev.orderly.query.monitor;
