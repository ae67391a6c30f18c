namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// What the data-plane sessions of one transfer have stored since this receiver started, read by the
/// gateway for its status. Sessions add from their own threads; the rate is over the last sample.
/// </summary>
public sealed class TransferMeter
{
    private long _bytes;
    private int _chunks;
    private long _sampledBytes;
    private DateTimeOffset _sampledAt = DateTimeOffset.UtcNow;
    private double _bytesPerSecond;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Chunks => Volatile.Read(ref _chunks);

    public double BytesPerSecond => _bytesPerSecond;

    public void Add(int bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _chunks);
    }

    /// <summary>Called by the gateway only: the rate since its previous call.</summary>
    public void Sample(DateTimeOffset now)
    {
        var bytes = Bytes;
        var seconds = (now - _sampledAt).TotalSeconds;
        if (seconds > 0)
        {
            _bytesPerSecond = (bytes - _sampledBytes) / seconds;
        }

        _sampledBytes = bytes;
        _sampledAt = now;
    }
}
