"""Messages to citizens (receipts, reminders) and webhooks to other systems, sent after commit."""
