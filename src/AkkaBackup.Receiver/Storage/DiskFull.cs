namespace AkkaBackup.Receiver.Storage;

/// <summary>Tells "no space left" (or quota exceeded) apart from other I/O errors.</summary>
public static class DiskFull
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    public static bool Is(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is ErrorHandleDiskFull or ErrorDiskFull
        : e.HResult is Enospc or Edquot;
}
