locals {
  push = var.workflow_delivery == "push"

  # Pub/Sub's own service agent: it moves messages to the dead-letter topic and signs the push subscription's tokens.
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

# Where workflows are requested ({"workflow": ..., "parameters": {...}}), by gcloud, by anything that published to the
# original tool's topic, and by the git-workflow service's POST /api/workflows/publish.
resource "google_pubsub_topic" "workflow" {
  name       = var.workflow_topic_name
  depends_on = [google_project_service.micro]
}

# Each finished run, published by the git-workflow service.
resource "google_pubsub_topic" "results" {
  name       = var.results_topic_name
  depends_on = [google_project_service.micro]
}

# Requests Micro did not acknowledge after max_delivery_attempts deliveries.
resource "google_pubsub_topic" "workflow_dead_letter" {
  name       = "${var.workflow_topic_name}-dead-letter"
  depends_on = [google_project_service.micro]
}

# A topic without a subscription drops what is published to it: this one keeps the dead letters for a week, to look at
# and republish (gcloud pubsub subscriptions pull).
resource "google_pubsub_subscription" "workflow_dead_letter" {
  name                       = "${var.workflow_topic_name}-dead-letter"
  topic                      = google_pubsub_topic.workflow_dead_letter.id
  message_retention_duration = "604800s"
  expiration_policy {
    ttl = ""
  }
}

# Micro's subscription to the workflow topic: pushed to the gateway, or pulled by ingestion. Either way ingestion stores
# each message in its delivery log before acknowledging it, and the message id keeps a redelivery from starting a second run.
resource "google_pubsub_subscription" "workflow" {
  name                 = local.workflow_subscription_name
  topic                = google_pubsub_topic.workflow.id
  ack_deadline_seconds = 60

  dynamic "push_config" {
    for_each = local.push ? [1] : []
    content {
      push_endpoint = "${google_cloud_run_v2_service.gateway.uri}/webhooks/pubsub"
      oidc_token {
        service_account_email = google_service_account.push[0].email
        audience              = var.push_audience
      }
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.workflow_dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }

  # The service agent must be able to move messages before the first one fails.
  depends_on = [
    google_pubsub_topic_iam_member.dead_letter_publisher,
    google_service_account_iam_member.push_token_creator,
  ]
}
