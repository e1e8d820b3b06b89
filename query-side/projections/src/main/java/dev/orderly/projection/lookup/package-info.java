/**
 * The command side's lookup tables: facts a command handler must see that are not an aggregate's state. They are
 * written by a subscribing processor, in the very transaction of the command whose events they record, so they are
 * never behind the event store, and they are never replayed.
 */
package dev.orderly.projection.lookup;
