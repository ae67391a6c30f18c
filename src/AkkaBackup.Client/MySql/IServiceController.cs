namespace AkkaBackup.Client.MySql;

/// <summary>Stops and starts one database service. Says nothing about whether the server is really down or up: that is proven separately.</summary>
public interface IServiceController
{
    /// <summary>What an operator would run by hand to start the server.</summary>
    string ManualStartCommand { get; }

    Task StopAsync(TimeSpan timeout, CancellationToken ct);

    Task StartAsync(TimeSpan timeout, CancellationToken ct);
}
