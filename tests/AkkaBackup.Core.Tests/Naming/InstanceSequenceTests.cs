using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Naming;

public sealed class InstanceSequenceTests : IDisposable
{
    private readonly TempDirectory _state = new("akkabackup-sequence");

    [Fact]
    public void Each_instance_counts_from_one_on_its_own()
    {
        var main = new InstanceKey("db1", "main");
        var other = new InstanceKey("db1", "other");

        Assert.Equal(1, InstanceSequence.Next(_state.Root, main));
        Assert.Equal(2, InstanceSequence.Next(_state.Root, main));
        Assert.Equal(1, InstanceSequence.Next(_state.Root, other));
        Assert.Equal(3, InstanceSequence.Next(_state.Root, main));
    }

    [Fact]
    public async Task Parallel_callers_never_get_the_same_number()
    {
        var key = new InstanceKey("db1", "main");

        var numbers = await Simultaneously.Run(32, () => InstanceSequence.Next(_state.Root, key));

        Assert.Equal(Enumerable.Range(1, 32).Select(n => (long)n), numbers.Order());
    }

    [Fact]
    public void A_damaged_counter_is_reported_not_reset()
    {
        var key = new InstanceKey("db1", "main");
        InstanceSequence.Next(_state.Root, key);
        var file = Assert.Single(Directory.GetFiles(_state.Root, "*.sequence"));
        File.WriteAllText(file, "garbage");

        var error = Assert.Throws<IOException>(() => InstanceSequence.Next(_state.Root, key));

        Assert.Contains("garbage", error.Message);
    }

    public void Dispose() => _state.Dispose();
}
