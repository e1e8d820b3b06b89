/**
 * The contract of the {@code Resource} aggregate: its commands, events and identifiers.
 * Everything here is a plain record so that any module may depend on it without pulling in behaviour.
 */
package dev.orderly.command.resource;
