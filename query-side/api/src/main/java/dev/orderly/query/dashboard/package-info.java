/** The operators' dashboard query. */
package dev.orderly.query.dashboard;
