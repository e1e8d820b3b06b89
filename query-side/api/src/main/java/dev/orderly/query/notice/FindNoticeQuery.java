package dev.orderly.query.notice;

public record FindNoticeQuery(String noticeId) {
}
