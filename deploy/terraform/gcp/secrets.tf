locals {
  postgres_host = var.cloud_sql_instance == null ? var.postgres_host : "/cloudsql/${var.cloud_sql_instance}"

  # Npgsql reads a quoted value literally, so a password may hold ';' (a quote inside is doubled).
  postgres_credentials = "Username=${var.postgres_user};Password=\"${replace(var.postgres_password, "\"", "\"\"")}\""

  # One database per service, created by the service at its first start.
  databases = {
    ingestion       = "micro_ingestion"
    rerun           = "micro_rerun"
    prlock          = "micro_prlock"
    "runner-broker" = "micro_runnerbroker"
    "git-workflow"  = "micro_gitworkflow"
  }

  # Every secret, by its name after the prefix. Null values are optional secrets that were not given: no secret is made.
  secret_values = merge(
    {
      "github-webhook-secret"         = var.github_webhook_secret
      "api-token"                     = var.api_token
      "admin-token"                   = var.admin_token
      "internal-token"                = var.internal_token
      "github-token"                  = var.github_token
      "github-app-private-key"        = var.github_app_private_key
      "circleci-token"                = var.circleci_token
      "gitlab-token"                  = var.gitlab_token
      "runner-launcher-shared-secret" = var.runner_launcher_shared_secret
      "rabbitmq-url"                  = var.rabbitmq_url
    },
    {
      for service, database in local.databases : "${service}-database" =>
      "Host=${local.postgres_host};Port=${var.postgres_port};Database=${database};${local.postgres_credentials}${var.postgres_options == "" ? "" : ";${var.postgres_options}"}"
    },
  )

  # Whether a secret was given is no secret, and for_each needs to know it.
  secret_names = toset([for name, value in local.secret_values : name if nonsensitive(value != null)])
}

resource "google_secret_manager_secret" "micro" {
  for_each  = local.secret_names
  secret_id = "${var.name_prefix}-${each.key}"

  replication {
    auto {}
  }

  depends_on = [google_project_service.micro]
}

# The value lives in the Terraform state too: keep the state where only the people who may read these secrets can
# (a GCS backend with restricted access; see README.md). Each service is given the version's number, so changing a value
# and applying rolls out new revisions that read it.
resource "google_secret_manager_secret_version" "micro" {
  for_each    = local.secret_names
  secret      = google_secret_manager_secret.micro[each.key].id
  secret_data = local.secret_values[each.key]
}
