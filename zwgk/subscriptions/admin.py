from django.contrib import admin

from zwgk.subscriptions.models import Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["kind", "organization", "column", "subject", "query", "state", "delivered_through"]
    readonly_fields = fields


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "last_sent_at", "failures", "next_attempt_at"]
    search_fields = ["email"]
    readonly_fields = ["confirmed_at", "confirmation_sent_at", "last_sent_at", "failures", "last_error"]
    exclude = ["key", "lease_until"]
    inlines = [SubscriptionInline]
