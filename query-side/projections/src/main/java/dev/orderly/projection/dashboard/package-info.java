/** Dashboard aggregates over the read models. */
package dev.orderly.projection.dashboard;
