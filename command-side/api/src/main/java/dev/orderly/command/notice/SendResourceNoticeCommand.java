package dev.orderly.command.notice;

import dev.orderly.command.resource.ResourceId;

/**
 * An operator's e-mail to everyone who holds units of a resource. Sending the same {@code noticeId} again reaches
 * nobody twice.
 */
public record SendResourceNoticeCommand(String noticeId, ResourceId resourceId, String subject, String body,
                                        String operator) {
}
