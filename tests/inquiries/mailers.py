"""Mail backends for tests: the edge of the system, where a real mail server would be."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingEmailBackend(BaseEmailBackend):
    """Refuses every recipient, quoting their addresses as real SMTP servers do."""

    def send_messages(self, email_messages):
        recipients = [address for message in email_messages for address in message.recipients()]
        raise smtplib.SMTPRecipientsRefused(
            dict.fromkeys(recipients, (451, b"4.3.0 Mail server temporarily unavailable"))
        )
