"""The card-management system (卡管) and the payment gateway, as ports with adapters (docs/card-management.md)."""
