/** The order read model: status, lines, payment, shipment and timeline. */
package dev.orderly.projection.order;
