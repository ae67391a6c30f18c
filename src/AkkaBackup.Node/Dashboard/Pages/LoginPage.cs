namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>The one page open without a session: a token field posted to <c>/login</c>.</summary>
public static class LoginPage
{
    public static string Render(string? problem) => Layout.Page("dashboard", "Log in", null,
        (problem is null ? "" : Layout.Problem(problem)) +
        """
        <form method="post" action="/login" class="login">
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
          <button type="submit">Log in</button>
        </form>
        """);
}
