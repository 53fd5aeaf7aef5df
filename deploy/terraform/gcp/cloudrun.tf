locals {
  backends = toset(["ingestion", "rerun", "prlock", "runner-broker", "git-workflow"])

  # Per service: its environment (Section__Key => value) and its secrets (Section__Key => secret), as env.tf composes them.
  plain_env = {
    for service in keys(var.services) : service => {
      for name, value in merge(
        local.env.all,
        service == "gateway" ? {} : local.env.backends,
        local.env[service],
        lookup(var.extra_env, service, {}),
      ) : name => value if value != null
    }
  }
  secret_refs = {
    for service in keys(var.services) : service => {
      for name, secret in merge(
        local.secret_env.all,
        service == "gateway" ? {} : local.secret_env.backends,
        local.secret_env[service],
      ) : name => secret if contains(local.secret_names, secret)
    }
  }

  # The gateway's YARP clusters (services/Gateway/Micro.Gateway/appsettings.json), each pointed at its service. The gateway
  # resolves a destination's host name to every address it has (Gateway:Dns:RefreshPeriod).
  gateway_proxy_env = {
    "ReverseProxy__Clusters__ingestion__Destinations__ingestion-1__Address"     = "${google_cloud_run_v2_service.backend["ingestion"].uri}/"
    "ReverseProxy__Clusters__rerun__Destinations__rerun-1__Address"             = "${google_cloud_run_v2_service.backend["rerun"].uri}/"
    "ReverseProxy__Clusters__prlock__Destinations__prlock-1__Address"           = "${google_cloud_run_v2_service.backend["prlock"].uri}/"
    "ReverseProxy__Clusters__runners__Destinations__runners-1__Address"         = "${google_cloud_run_v2_service.backend["runner-broker"].uri}/"
    "ReverseProxy__Clusters__gitworkflow__Destinations__gitworkflow-1__Address" = "${google_cloud_run_v2_service.backend["git-workflow"].uri}/"
  }
}

# Ingestion, rerun, PR lock, runner broker and git workflows: reachable only from inside the project's network (the gateway
# reaches them through its VPC egress), never from the internet.
resource "google_cloud_run_v2_service" "backend" {
  for_each = local.backends

  name                = "${var.name_prefix}-${each.key}"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = var.deletion_protection
  # Cloud Run's invoker check wants a Google ID token on each request, which the gateway does not send (it forwards the
  # caller's Authorization header unchanged): the internal ingress keeps everyone else out, and the services answer
  # /api/** only with the gateway's Internal:Token.
  invoker_iam_disabled = true

  template {
    service_account = google_service_account.service[each.key].email
    # Consumers, outbox relays and sweepers run between requests: keep instances up, with their CPU.
    scaling {
      min_instance_count = var.services[each.key].min_instances
      max_instance_count = var.services[each.key].max_instances
    }

    vpc_access {
      network_interfaces {
        network    = var.vpc_network
        subnetwork = var.vpc_subnetwork
      }
      # GitHub, CircleCI and GitLab are reached directly; RabbitMQ and PostgreSQL on private addresses through the VPC.
      egress = "PRIVATE_RANGES_ONLY"
    }

    containers {
      image = "${var.image_prefix}${each.key}:${var.image_tag}"

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = var.services[each.key].cpu
          memory = var.services[each.key].memory
        }
        cpu_idle = false
      }

      dynamic "env" {
        for_each = local.plain_env[each.key]
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_refs[each.key]
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.micro[env.value].secret_id
              version = google_secret_manager_secret_version.micro[env.value].version
            }
          }
        }
      }

      dynamic "volume_mounts" {
        for_each = var.cloud_sql_instance == null ? [] : [1]
        content {
          name       = "cloudsql"
          mount_path = "/cloudsql"
        }
      }

      # The database is migrated before the service listens: give the first start of a new version time for it.
      startup_probe {
        http_get {
          path = "/health/ready"
        }
        period_seconds    = 5
        timeout_seconds   = 3
        failure_threshold = 48
      }

      liveness_probe {
        http_get {
          path = "/health/live"
        }
        period_seconds    = 15
        timeout_seconds   = 3
        failure_threshold = 4
      }
    }

    dynamic "volumes" {
      for_each = var.cloud_sql_instance == null ? [] : [1]
      content {
        name = "cloudsql"
        cloud_sql_instance {
          instances = [var.cloud_sql_instance]
        }
      }
    }
  }

  # The first revision reads its secrets at start.
  depends_on = [google_secret_manager_secret_iam_member.service]
}

# The one public door: webhooks (GitHub, Pub/Sub pushes), /api/** with tokens, the runner broker's original paths.
resource "google_cloud_run_v2_service" "gateway" {
  name                = "${var.name_prefix}-gateway"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection
  # Public: GitHub, Pub/Sub and pipelines call it; the gateway checks their signatures and tokens itself.
  invoker_iam_disabled = true

  template {
    service_account = google_service_account.service["gateway"].email
    scaling {
      min_instance_count = var.services["gateway"].min_instances
      max_instance_count = var.services["gateway"].max_instances
    }

    vpc_access {
      network_interfaces {
        network    = var.vpc_network
        subnetwork = var.vpc_subnetwork
      }
      # Everything through the VPC, so that the services' run.app addresses count as internal traffic.
      egress = "ALL_TRAFFIC"
    }

    containers {
      image = "${var.image_prefix}gateway:${var.image_tag}"

      ports {
        container_port = 8080
      }

      # Health checks of the services and DNS lookups run between requests too.
      resources {
        limits = {
          cpu    = var.services["gateway"].cpu
          memory = var.services["gateway"].memory
        }
        cpu_idle = false
      }

      dynamic "env" {
        for_each = merge(local.plain_env["gateway"], local.gateway_proxy_env)
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_refs["gateway"]
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.micro[env.value].secret_id
              version = google_secret_manager_secret_version.micro[env.value].version
            }
          }
        }
      }

      startup_probe {
        http_get {
          path = "/health/live"
        }
        period_seconds    = 2
        timeout_seconds   = 1
        failure_threshold = 30
      }

      liveness_probe {
        http_get {
          path = "/health/live"
        }
        period_seconds    = 15
        timeout_seconds   = 3
        failure_threshold = 4
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.service]
}
