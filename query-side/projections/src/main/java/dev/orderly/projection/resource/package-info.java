/** Read models of resources: availability per resource and the status of each reservation. */
package dev.orderly.projection.resource;
