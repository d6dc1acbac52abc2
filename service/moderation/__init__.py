"""The moderation loop: posts in, one decision per post out, in one Kafka transaction per batch."""
