using System.Runtime.InteropServices;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// The native heap of a node process. glibc gives a thread that allocates while another holds the heap an arena of
/// its own, up to 8 per core, and an arena keeps what it once held. Compression allocates and frees zlib-ng's
/// deflate state (a few hundred KB) for every block on whichever thread-pool thread compresses it, so the longer a
/// backup runs, the more arenas hold such pieces: a client's anonymous memory grew from 80 MB (10 GB backup) to
/// 119 MB (100 GB, bench/scale.sh). Two arenas are plenty for two or three compressing threads at a time.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>mallopt's M_ARENA_MAX (glibc malloc.h).</summary>
    private const int ArenaMax = -8;

    public const int Arenas = 2;

    /// <summary>At a process's start, before its threads allocate: limits glibc's arenas. Nothing elsewhere (musl, Windows).</summary>
    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            MallOpt(ArenaMax, Arenas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator has no arenas to limit.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
