/** The query of whether new payments and orders are accepted. */
package dev.orderly.query.intake;
