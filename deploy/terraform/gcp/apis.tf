# The APIs this configuration uses. Left enabled on destroy: other things in the project may use them too.
resource "google_project_service" "micro" {
  for_each = toset(concat(
    [
      "iam.googleapis.com",
      "pubsub.googleapis.com",
      "run.googleapis.com",
      "secretmanager.googleapis.com",
    ],
    var.cloud_sql_instance == null ? [] : ["sqladmin.googleapis.com"],
  ))

  service            = each.value
  disable_on_destroy = false
}

data "google_project" "this" {
  project_id = var.project_id
}
