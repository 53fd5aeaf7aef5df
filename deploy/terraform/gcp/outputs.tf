output "gateway_url" {
  description = "Micro's public address: point GitHub's webhooks at <gateway_url>/webhooks/github and pipelines at <gateway_url>/api/."
  value       = google_cloud_run_v2_service.gateway.uri
}

output "pubsub_push_endpoint" {
  description = "Where the push subscription delivers (null when pulling)."
  value       = local.push ? "${google_cloud_run_v2_service.gateway.uri}/webhooks/pubsub" : null
}

output "service_urls" {
  description = "The internal addresses of the services behind the gateway (reachable from the VPC only)."
  value       = { for name, service in google_cloud_run_v2_service.backend : name => service.uri }
}

output "workflow_topic" {
  description = "The topic workflows are requested on: gcloud pubsub topics publish <it> --message '{\"workflow\": ..., \"parameters\": {...}}'."
  value       = google_pubsub_topic.workflow.name
}

output "results_topic" {
  description = "The topic finished runs are published to; subscribe to it to follow them."
  value       = google_pubsub_topic.results.name
}

output "dead_letter_topic" {
  description = "Where workflow requests go after max_delivery_attempts failed deliveries."
  value       = google_pubsub_topic.workflow_dead_letter.name
}

output "workflow_subscription" {
  description = "Micro's subscription to the workflow topic (push or pull, as workflow_delivery says)."
  value       = google_pubsub_subscription.workflow.name
}

output "dead_letter_subscription" {
  description = "The subscription keeping dead-lettered requests: gcloud pubsub subscriptions pull <it>."
  value       = google_pubsub_subscription.workflow_dead_letter.name
}

output "service_account_emails" {
  description = "The service account of each service."
  value       = { for name, account in google_service_account.service : name => account.email }
}

output "push_service_account_email" {
  description = "The service account the push subscription's tokens are signed as (PubSub:Push:ServiceAccountEmail); null when pulling."
  value       = local.push ? google_service_account.push[0].email : null
}

output "secret_ids" {
  description = "The Secret Manager secrets made, by name. Each service reads the version Terraform made: change a value through its variable and apply."
  value       = { for name, secret in google_secret_manager_secret.micro : name => secret.secret_id }
}
