/** Bulk notices to the holders of a resource. */
package dev.orderly.command.notice;
