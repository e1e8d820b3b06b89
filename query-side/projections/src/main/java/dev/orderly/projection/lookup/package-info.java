/**
 * The command side's lookup tables: facts a command handler must see that are not an aggregate's state. They are
 * written in the very transaction of the command whose decision they record (by a subscribing processor, or for the
 * order ids' payment claims by the handler itself), so they are never behind the event store, and they are never
 * replayed.
 */
package dev.orderly.projection.lookup;
