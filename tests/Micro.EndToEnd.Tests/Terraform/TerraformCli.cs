namespace Micro.EndToEnd.Tests.Terraform;

/// <summary>The terraform command, where it is installed.</summary>
static class TerraformCli
{
    public static bool Installed { get; } = InstalledCommands.Has("terraform");

    public const string Missing = "terraform is not installed: the formatting of deploy/terraform cannot be checked (install terraform to run this test)";
}

/// <summary>A test that runs terraform: skipped, saying why, where it is not installed.</summary>
sealed class TerraformFactAttribute : FactAttribute
{
    public TerraformFactAttribute()
    {
        if (!TerraformCli.Installed)
            Skip = TerraformCli.Missing;
    }
}
