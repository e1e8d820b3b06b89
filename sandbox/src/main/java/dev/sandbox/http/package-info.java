/** Small helpers shared by the simulators' HTTP handlers: JSON, stored replies, exchange handling. */
package dev.sandbox.http;
