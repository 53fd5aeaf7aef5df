# The services' configuration, as the environment variables ASP.NET Core reads (Section__Key for Section:Key; the keys are
# those of README.md's Configuration section). By service: "all" goes to every service, "backends" to every one but the
# gateway, a service's own name to it alone. Null values are left out. tests/Micro.EndToEnd.Tests/TerraformTests.cs checks
# these names against the keys the services read, so keep each map a plain literal.
locals {
  workflow_subscription_name = local.push ? "${var.name_prefix}-workflows-push" : "${var.name_prefix}-workflows-pull"

  env = {
    all = {
      # Cloud Run sends requests to port 8080.
      ASPNETCORE_URLS                 = "http://+:8080"
      Logging__Console__FormatterName = "json"
    }
    backends = {
      Messaging__Transport = "RabbitMq"
      Database__Provider   = "Postgres"
      GitHub__AppId        = var.github_app_id == null ? null : tostring(var.github_app_id)
    }
    gateway = {}
    ingestion = {
      PubSub__ProjectId                 = var.project_id
      PubSub__Push__Audience            = local.push ? var.push_audience : null
      PubSub__Push__ServiceAccountEmail = local.push ? google_service_account.push[0].email : null
      # By full name: the subscription itself is made after the gateway, whose address a push subscription needs.
      PubSub__WorkflowSubscription = local.push ? null : "projects/${var.project_id}/subscriptions/${local.workflow_subscription_name}"
    }
    rerun  = {}
    prlock = {}
    "runner-broker" = {
      RunnerBroker__Webhook__Url = var.runner_launcher_url
      RunnerBroker__TokenUrl     = var.runner_token_url
    }
    "git-workflow" = {
      PubSub__ProjectId     = var.project_id
      PubSub__WorkflowTopic = google_pubsub_topic.workflow.name
      PubSub__ResultsTopic  = google_pubsub_topic.results.name
      GitLab__ApiUrl        = var.gitlab_api_url
    }
  }

  # Environment variable => secret (its name in secrets.tf). A secret that was not given is left out.
  secret_env = {
    all = {
      Internal__Token = "internal-token"
    }
    backends = {
      ConnectionStrings__RabbitMq = "rabbitmq-url"
      GitHub__Token               = "github-token"
      GitHub__AppPrivateKey       = "github-app-private-key"
    }
    gateway = {
      Gateway__ApiTokens__0   = "api-token"
      Gateway__AdminTokens__0 = "admin-token"
    }
    ingestion = {
      ConnectionStrings__Ingestion = "ingestion-database"
      GitHub__WebhookSecrets__0    = "github-webhook-secret"
    }
    rerun = {
      ConnectionStrings__Rerun = "rerun-database"
      CircleCi__Token          = "circleci-token"
    }
    prlock = {
      ConnectionStrings__PrLock = "prlock-database"
    }
    "runner-broker" = {
      ConnectionStrings__RunnerBroker     = "runner-broker-database"
      RunnerBroker__Webhook__SharedSecret = "runner-launcher-shared-secret"
    }
    "git-workflow" = {
      ConnectionStrings__GitWorkflow = "git-workflow-database"
      GitLab__Token                  = "gitlab-token"
    }
  }
}
