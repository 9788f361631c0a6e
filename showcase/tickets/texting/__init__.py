"""Text messages to phones: KakaoTalk Alimtalk with SMS/LMS fallback, through Solapi or the outbox folder."""
