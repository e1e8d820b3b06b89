/** The query and view of bulk notices. */
package dev.orderly.query.notice;
