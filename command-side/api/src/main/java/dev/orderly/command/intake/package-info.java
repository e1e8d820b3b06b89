/** Commands that pause and resume the intake of new payments and orders. */
package dev.orderly.command.intake;
