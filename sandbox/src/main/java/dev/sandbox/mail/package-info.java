/**
 * The SMTP sink: GreenMail on an internal port behind a small TCP relay on the public SMTP port. The relay can refuse
 * the next N connections with a transient {@code 421}; every message that arrives is kept, in order, and answered by
 * {@code GET /mail/messages}.
 */
package dev.sandbox.mail;
