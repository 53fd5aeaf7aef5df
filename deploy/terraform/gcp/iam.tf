# One service account per service, each granted only what that service uses: the secrets it reads, the topics it
# publishes to, the subscription it pulls, the Cloud SQL connection. None has a project-wide role but cloudsql.client
# (which Cloud SQL grants on projects only).
resource "google_service_account" "service" {
  for_each = var.services

  account_id   = "${var.name_prefix}-${each.key}"
  display_name = "Micro ${each.key}"
  depends_on   = [google_project_service.micro]
}

# The identity the push subscription signs its tokens as; ingestion accepts pushes only with its email
# (PubSub:Push:ServiceAccountEmail). It needs no role: Pub/Sub only mints tokens for it.
resource "google_service_account" "push" {
  count = local.push ? 1 : 0

  account_id   = "${var.name_prefix}-pubsub-push"
  display_name = "Micro Pub/Sub push"
  depends_on   = [google_project_service.micro]
}

resource "google_service_account_iam_member" "push_token_creator" {
  count = local.push ? 1 : 0

  service_account_id = google_service_account.push[0].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent
}

# Each secret to the services that read it (env.tf), and to no one else.
resource "google_secret_manager_secret_iam_member" "service" {
  for_each = merge([
    for service, refs in local.secret_refs : {
      for secret in distinct(values(refs)) : "${service}/${secret}" => { service = service, secret = secret }
    }
  ]...)

  secret_id = google_secret_manager_secret.micro[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.service[each.value.service].member
}

# Only the gateway may call the services. Cloud Run does not check it while the services' invoker check is off (cloudrun.tf):
# it is what the check will enforce once the gateway presents Google ID tokens.
resource "google_cloud_run_v2_service_iam_member" "gateway_invokes" {
  for_each = local.backends

  name     = google_cloud_run_v2_service.backend[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.service["gateway"].member
}

# The git-workflow service publishes requests (POST /api/workflows/publish) and results.
resource "google_pubsub_topic_iam_member" "git_workflow_publishes" {
  for_each = {
    workflow = google_pubsub_topic.workflow.name
    results  = google_pubsub_topic.results.name
  }

  topic  = each.value
  role   = "roles/pubsub.publisher"
  member = google_service_account.service["git-workflow"].member
}

# Pulling: ingestion reads the workflow subscription.
resource "google_pubsub_subscription_iam_member" "ingestion_pulls" {
  count = local.push ? 0 : 1

  subscription = google_pubsub_subscription.workflow.name
  role         = "roles/pubsub.subscriber"
  member       = google_service_account.service["ingestion"].member
}

# Dead-lettering: Pub/Sub's service agent publishes to the dead-letter topic and acknowledges on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.workflow_dead_letter.name
  role   = "roles/pubsub.publisher"
  member = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  subscription = google_pubsub_subscription.workflow.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

resource "google_project_iam_member" "cloud_sql_client" {
  for_each = var.cloud_sql_instance == null ? toset([]) : local.backends

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.service[each.key].member
}
