/** The contract of the {@code Order} aggregate. */
package dev.orderly.command.order;
