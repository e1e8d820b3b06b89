/** Read models of payments and the manual-intervention queue. */
package dev.orderly.projection.payment;
