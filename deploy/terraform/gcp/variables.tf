# ---------------------------------------------------------------------------------------------------------------------
# Where
# ---------------------------------------------------------------------------------------------------------------------

variable "project_id" {
  description = "The Google Cloud project everything is created in (also the services' PubSub:ProjectId)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "The region of the Cloud Run services (e.g. europe-west1)."
  type        = string
  default     = "europe-west1"
}

variable "name_prefix" {
  description = "Prefix of the names of the Cloud Run services, service accounts and secrets (not of the Pub/Sub topics, named below)."
  type        = string
  default     = "micro"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,11}$", var.name_prefix))
    error_message = "name_prefix must be 1 to 12 lowercase letters, digits or hyphens, starting with a letter (service account ids are short)."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy the Cloud Run services (turn off before terraform destroy)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------------------------------
# Images and sizes
# ---------------------------------------------------------------------------------------------------------------------

variable "image_prefix" {
  description = "Registry path the service images are pushed to, ending in '/': the image of a service is <image_prefix><service>:<image_tag>, with the names docker-compose.yml builds (gateway, ingestion, rerun, prlock, runner-broker, git-workflow). E.g. europe-west1-docker.pkg.dev/my-project/micro/."
  type        = string

  validation {
    condition     = endswith(var.image_prefix, "/")
    error_message = "image_prefix must end with '/', e.g. europe-west1-docker.pkg.dev/my-project/micro/."
  }
}

variable "image_tag" {
  description = "Tag of every service image (deploy the same version of all of them together)."
  type        = string
  default     = "latest"
}

variable "services" {
  description = "Per service: CPU and memory of an instance, and the least and most instances. Every service but the gateway consumes messages and runs sweepers in the background, so it keeps at least one instance with its CPU always allocated; every service is safe with several instances."
  type = map(object({
    cpu           = string
    memory        = string
    min_instances = number
    max_instances = number
  }))
  default = {
    gateway         = { cpu = "1", memory = "512Mi", min_instances = 1, max_instances = 4 }
    ingestion       = { cpu = "1", memory = "512Mi", min_instances = 1, max_instances = 4 }
    rerun           = { cpu = "1", memory = "512Mi", min_instances = 1, max_instances = 2 }
    prlock          = { cpu = "1", memory = "512Mi", min_instances = 1, max_instances = 2 }
    "runner-broker" = { cpu = "1", memory = "512Mi", min_instances = 1, max_instances = 2 }
    "git-workflow"  = { cpu = "2", memory = "2Gi", min_instances = 1, max_instances = 2 }
  }

  validation {
    condition     = toset(keys(var.services)) == toset(["gateway", "ingestion", "rerun", "prlock", "runner-broker", "git-workflow"])
    error_message = "services must have exactly the keys gateway, ingestion, rerun, prlock, runner-broker and git-workflow."
  }

  validation {
    condition     = alltrue([for name, service in var.services : service.min_instances <= service.max_instances && service.max_instances >= 1])
    error_message = "each service needs min_instances <= max_instances and max_instances >= 1."
  }

  validation {
    condition     = alltrue([for name, service in var.services : name == "gateway" || service.min_instances >= 1])
    error_message = "every service but the gateway needs min_instances >= 1: it consumes RabbitMQ messages and runs sweepers between requests."
  }
}

variable "extra_env" {
  description = "Further settings per service, as environment variables (Section__Key = value), e.g. { rerun = { Rerun__Delay = \"00:00:10\" } }. Not for secrets: those go in Secret Manager (see the secret variables)."
  type        = map(map(string))
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.extra_env) : contains(["gateway", "ingestion", "rerun", "prlock", "runner-broker", "git-workflow"], name)])
    error_message = "extra_env keys must be service names: gateway, ingestion, rerun, prlock, runner-broker, git-workflow."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Network, PostgreSQL and RabbitMQ
# ---------------------------------------------------------------------------------------------------------------------

variable "vpc_network" {
  description = "The VPC network the services use for Direct VPC egress: the gateway reaches the internal-only services through it, and the services reach RabbitMQ (and PostgreSQL by private IP) through it."
  type        = string
}

variable "vpc_subnetwork" {
  description = "A subnetwork of vpc_network in var.region, with Private Google Access on (the gateway's requests to the services' run.app addresses go through it)."
  type        = string
}

variable "postgres_host" {
  description = "PostgreSQL's host name or private IP. With cloud_sql_instance set, leave null: the services connect through the Cloud SQL socket."
  type        = string
  default     = null
}

variable "cloud_sql_instance" {
  description = "A Cloud SQL for PostgreSQL instance's connection name (project:region:instance). Mounted in every service but the gateway at /cloudsql, and its service accounts get roles/cloudsql.client."
  type        = string
  default     = null

  validation {
    condition     = var.cloud_sql_instance == null || can(regex("^[a-z][a-z0-9-]+:[a-z0-9-]+:[a-z][a-z0-9-]*$", var.cloud_sql_instance))
    error_message = "cloud_sql_instance must be a connection name project:region:instance."
  }

  validation {
    condition     = (var.cloud_sql_instance == null) != (var.postgres_host == null)
    error_message = "set exactly one of cloud_sql_instance and postgres_host."
  }
}

variable "postgres_port" {
  description = "PostgreSQL's port."
  type        = number
  default     = 5432
}

variable "postgres_user" {
  description = "The PostgreSQL user every service connects as. It needs CREATEDB: each service creates its database (micro_<service>) at its first start, then applies its migrations."
  type        = string
  default     = "micro"
}

variable "postgres_password" {
  description = "That user's password. Stored in Secret Manager as part of each service's connection string."
  type        = string
  sensitive   = true
}

variable "postgres_options" {
  description = "Further Npgsql connection-string options appended to each service's, e.g. \"SSL Mode=Require\"."
  type        = string
  default     = ""
}

variable "rabbitmq_url" {
  description = "The broker every service but the gateway connects to (ConnectionStrings:RabbitMq): amqp://user:password@host:5672/vhost, or amqps:// for TLS. An external broker (CloudAMQP, a RabbitMQ on GKE or Compute Engine) reachable from the VPC or the internet."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^amqps?://", var.rabbitmq_url))
    error_message = "rabbitmq_url must start with amqp:// or amqps://."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Pub/Sub
# ---------------------------------------------------------------------------------------------------------------------

variable "workflow_topic_name" {
  description = "The topic git workflows are requested on (PubSub:WorkflowTopic of the git-workflow service); the original tool's name by default."
  type        = string
  default     = "workflow-trigger-topic"
}

variable "results_topic_name" {
  description = "The topic each finished run is published to (PubSub:ResultsTopic of the git-workflow service)."
  type        = string
  default     = "workflow-results-topic"
}

variable "workflow_delivery" {
  description = "How ingestion takes workflow requests from the topic: push (a push subscription to the gateway's /webhooks/pubsub, with an OIDC token) or pull (ingestion pulls a subscription, PubSub:WorkflowSubscription)."
  type        = string
  default     = "push"

  validation {
    condition     = contains(["push", "pull"], var.workflow_delivery)
    error_message = "workflow_delivery must be push or pull."
  }
}

variable "push_audience" {
  description = "The audience of the tokens the push subscription sends, and that ingestion requires (PubSub:Push:Audience). Any string; not the endpoint URL, which is known only once the gateway exists."
  type        = string
  default     = "micro-workflow-push"

  validation {
    condition     = length(trimspace(var.push_audience)) > 0
    error_message = "push_audience must not be blank."
  }
}

variable "max_delivery_attempts" {
  description = "Deliveries of a workflow request before Pub/Sub moves it to the dead-letter topic (5 to 100)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100 (Pub/Sub's limits)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Secrets (each becomes a Secret Manager secret with one version; see README.md)
# ---------------------------------------------------------------------------------------------------------------------

variable "github_webhook_secret" {
  description = "The secret of your GitHub webhooks (ingestion's GitHub:WebhookSecrets:0)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.github_webhook_secret) > 0
    error_message = "github_webhook_secret must not be empty: ingestion refuses to start without one."
  }
}

variable "api_token" {
  description = "The bearer token pipelines send to /api/** (the gateway's Gateway:ApiTokens:0)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.api_token) >= 16
    error_message = "api_token must be at least 16 characters."
  }
}

variable "admin_token" {
  description = "The token for admin actions (Gateway:AdminTokens:0); null: admin actions are refused."
  type        = string
  sensitive   = true
  default     = null
}

variable "internal_token" {
  description = "The secret the gateway adds to what it forwards and every service requires on /api/** (Internal:Token), at least 16 characters, e.g. openssl rand -hex 32."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.internal_token) >= 16
    error_message = "internal_token must be at least 16 characters."
  }
}

variable "github_token" {
  description = "The token the services call GitHub with (GitHub:Token); null: use a GitHub App (github_app_id), or run without GitHub calls."
  type        = string
  sensitive   = true
  default     = null
}

variable "github_app_id" {
  description = "Act as this GitHub App instead of a token (GitHub:AppId); needs github_app_private_key."
  type        = number
  default     = null
}

variable "github_app_private_key" {
  description = "The GitHub App's private key, PEM text (GitHub:AppPrivateKey)."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = (var.github_app_private_key == null) == (var.github_app_id == null)
    error_message = "set github_app_id and github_app_private_key together, or neither."
  }
}

variable "circleci_token" {
  description = "The personal API token the rerun service calls CircleCI with (CircleCi:Token); null: CircleCI reruns are recorded as failed."
  type        = string
  sensitive   = true
  default     = null
}

variable "gitlab_token" {
  description = "The token the git-workflow service calls GitLab with (GitLab:Token), api scope; null: GitLab workflows are not possible."
  type        = string
  sensitive   = true
  default     = null
}

variable "gitlab_api_url" {
  description = "GitLab's API root (GitLab:ApiUrl); null: https://gitlab.com/api/v4."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Runner broker (self-hosted runners; all optional)
# ---------------------------------------------------------------------------------------------------------------------

variable "runner_launcher_url" {
  description = "The original launcher service the runner broker asks for runners (RunnerBroker:Webhook:Url); null: queued jobs are recorded as no-launcher. Other launchers (Slurm) through extra_env."
  type        = string
  default     = null
}

variable "runner_launcher_shared_secret" {
  description = "The launcher's shared secret (RunnerBroker:Webhook:SharedSecret); required with runner_launcher_url."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = var.runner_launcher_url == null || var.runner_launcher_shared_secret != null
    error_message = "runner_launcher_url is set, so runner_launcher_shared_secret is required."
  }
}

variable "runner_token_url" {
  description = "Where launched runners fetch their token (RunnerBroker:TokenUrl): the gateway's public address + /gha/runner, e.g. https://micro.example.org/gha/runner. Required with runner_launcher_url."
  type        = string
  default     = null

  validation {
    condition     = var.runner_launcher_url == null || var.runner_token_url != null
    error_message = "runner_launcher_url is set, so runner_token_url is required."
  }
}
