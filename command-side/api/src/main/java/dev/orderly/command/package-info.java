/** Types shared by the command contracts of every aggregate. */
package dev.orderly.command;
