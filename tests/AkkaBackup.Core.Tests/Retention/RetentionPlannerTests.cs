using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Retention;

public sealed class RetentionPlannerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly InstanceKey Main = new("db1", "main");
    private static readonly InstanceKey Other = new("db2", "main");

    private readonly GeneratedStore _store = new();

    [Fact]
    public void Keep_within_days_deletes_what_is_older()
    {
        var archives = _store.AddDaily("db1", "main", Today, 20);

        var plan = Plan(new RetentionPolicy { KeepWithinDays = 7 });

        Assert.Equal(archives.Take(7).Order(), KeptPaths(plan));
        Assert.Equal(13, plan.Deletions.Count);
        Assert.All(plan.Deletions, d =>
        {
            Assert.Equal(RetentionRule.OutsideKeepRules, d.Rule);
            Assert.Contains("older than 7 days", d.Reason);
        });
    }

    [Fact]
    public void Keep_last_keeps_the_newest_n()
    {
        var archives = _store.AddDaily("db1", "main", Today, 12);

        var plan = Plan(new RetentionPolicy { KeepLast = 5 });

        Assert.Equal(archives.Take(5).Order(), KeptPaths(plan));
        Assert.All(plan.Kept, k => Assert.Contains(RetentionRule.KeepLast, k.Rules));
        Assert.All(plan.Deletions, d => Assert.Contains("not one of the last 5", d.Reason));
    }

    [Theory]
    [InlineData(10, 3, 10)]
    [InlineData(2, 5, 5)]
    public void Keep_rules_combine_a_backup_stays_if_any_rule_keeps_it(int last, int days, int kept)
    {
        _store.AddDaily("db1", "main", Today, 15);

        var plan = Plan(new RetentionPolicy { KeepLast = last, KeepWithinDays = days });

        Assert.Equal(kept, plan.Kept.Count);
        Assert.Equal(15 - kept, plan.Deletions.Count);
    }

    [Fact]
    public void Without_keep_rules_everything_is_kept()
    {
        _store.AddDaily("db1", "main", Today, 4);

        var plan = Plan(RetentionPolicy.KeepEverything);

        Assert.Empty(plan.Deletions);
        Assert.All(plan.Kept, k => Assert.Contains(RetentionRule.NoKeepRule, k.Rules));
    }

    [Fact]
    public void The_newest_verified_backup_wins_over_keep_last()
    {
        var verified = _store.AddDaily("db1", "main", Today.AddDays(-2), 3);
        var newestUnverified = _store.Add("db1", "main", Now.AddHours(-1), intact: false);
        _store.Add("db1", "main", Now.AddDays(-1), intact: false);

        var plan = Plan(new RetentionPolicy { KeepLast = 1 });

        Assert.Equal(new[] { verified[0], newestUnverified }.Order(), KeptPaths(plan));
        Assert.Equal([RetentionRule.NewestVerified], plan.Kept.Single(k => k.Backup.Path == verified[0]).Rules);
        Assert.Equal(3, plan.Deletions.Count);
    }

    [Fact]
    public void Instance_byte_limit_deletes_the_oldest_until_the_rest_fit()
    {
        var archives = _store.AddDaily("db1", "main", Today, 10, size: 100);

        var plan = Plan(new RetentionPolicy { KeepLast = 10, MaxBytes = 450 });

        Assert.Equal(archives.Take(4).Order(), KeptPaths(plan));
        Assert.All(plan.Deletions, d => Assert.Equal(RetentionRule.InstanceSpace, d.Rule));
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void The_newest_verified_backup_wins_over_the_byte_limit_and_the_plan_warns()
    {
        var archives = _store.AddDaily("db1", "main", Today, 10, size: 100);

        var plan = Plan(new RetentionPolicy { KeepLast = 10, MaxBytes = 50 });

        var kept = Assert.Single(plan.Kept);
        Assert.Equal(archives[0], kept.Backup.Path);
        Assert.Contains(RetentionRule.NewestVerified, kept.Rules);
        Assert.Equal(9, plan.Deletions.Count);
        var warning = Assert.Single(plan.Warnings);
        Assert.Equal(Main, warning.Instance);
        Assert.Equal(RetentionRule.InstanceSpace, warning.Rule);
        Assert.Contains("100 bytes, over its limit of 50", warning.Message);
    }

    [Fact]
    public void Store_byte_limit_deletes_the_oldest_of_the_whole_store()
    {
        var first = _store.AddDaily("db1", "main", Today, 5, hour: 2);
        var second = _store.AddDaily("db2", "main", Today, 5, hour: 3);

        var plan = Plan(RetentionPolicy.KeepEverything, storeMaxBytes: 600);

        Assert.Equal(first.Take(3).Concat(second.Take(3)).Order(), KeptPaths(plan));
        Assert.Equal(new[] { first[4], second[4], first[3], second[3] }, plan.Deletions.Select(d => d.Backup.Path));
        Assert.All(plan.Deletions, d => Assert.Equal(RetentionRule.StoreSpace, d.Rule));
    }

    [Fact]
    public void Store_byte_limit_never_takes_an_instance_below_its_newest_verified_backup()
    {
        var first = _store.AddDaily("db1", "main", Today, 3);
        var second = _store.AddDaily("db2", "main", Today, 3);

        var plan = Plan(RetentionPolicy.KeepEverything, storeMaxBytes: 150);

        Assert.Equal(new[] { first[0], second[0] }.Order(), KeptPaths(plan));
        var warning = Assert.Single(plan.Warnings);
        Assert.Null(warning.Instance);
        Assert.Equal(RetentionRule.StoreSpace, warning.Rule);
    }

    [Fact]
    public void A_backup_in_progress_is_never_touched_but_its_bytes_count()
    {
        var inProgress = _store.Add("db1", "main", Now.AddDays(-30), size: 1000, inProgress: true);
        var archives = _store.AddDaily("db1", "main", Today, 3, size: 100);

        var plan = Plan(new RetentionPolicy { KeepLast = 1, MaxBytes = 500 });

        Assert.Equal(new[] { inProgress, archives[0] }.Order(), KeptPaths(plan));
        Assert.Equal([RetentionRule.InProgress], plan.Kept.Single(k => k.Backup.Path == inProgress).Rules);
        Assert.Equal(RetentionRule.InstanceSpace, Assert.Single(plan.Warnings).Rule);
    }

    [Fact]
    public void Without_any_verified_backup_the_newest_is_kept_and_the_plan_warns()
    {
        var newest = _store.Add("db1", "main", Now.AddHours(-1), intact: false);
        _store.Add("db1", "main", Now.AddDays(-1), intact: false);

        var plan = Plan(new RetentionPolicy { KeepWithinDays = 1, MaxBytes = 1 });

        var kept = Assert.Single(plan.Kept);
        Assert.Equal(newest, kept.Backup.Path);
        Assert.Contains(RetentionRule.NewestBackup, kept.Rules);
        Assert.Contains(plan.Warnings, w => w.Rule == RetentionRule.NewestBackup && w.Instance == Main);
    }

    [Fact]
    public void A_policy_for_an_instance_replaces_the_default()
    {
        _store.AddDaily("db1", "main", Today, 5);
        _store.AddDaily("db2", "main", Today, 5);
        var policies = new RetentionPolicies
        {
            Default = new RetentionPolicy { KeepLast = 1 },
            ByInstance = new Dictionary<InstanceKey, RetentionPolicy> { [Other] = new() { KeepLast = 3 } },
        };

        var plan = RetentionPlanner.Plan(_store.Scan(), policies, Now);

        Assert.Single(plan.Kept, k => k.Backup.Instance == Main);
        Assert.Equal(3, plan.Kept.Count(k => k.Backup.Instance == Other));
    }

    [Fact]
    public void Daily_weekly_and_monthly_tiers_keep_the_newest_of_each_period()
    {
        // Two backups a day for 200 days; "now" is Tuesday 2026-11-24, ISO week 48.
        _store.AddDaily("db1", "main", Today, 200, hour: 2);
        _store.AddDaily("db1", "main", Today, 200, hour: 10);

        var plan = Plan(new RetentionPolicy { KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 6 });

        string[] expected =
        [
            "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18", // daily
            "2026-11-15", "2026-11-08", // newest of ISO weeks 46 and 45 (48 and 47 are covered by daily)
            "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", // newest of each month
        ];
        Assert.Equal(expected, plan.Kept.Select(k => k.Backup.StoredAt.ToString("yyyy-MM-dd")));
        Assert.All(plan.Kept, k => Assert.Equal(10, k.Backup.StoredAt.Hour));
        Assert.Equal(400 - expected.Length, plan.Deletions.Count);
        var week45 = plan.Kept.Single(k => k.Backup.StoredAt.Day == 8);
        Assert.Equal([RetentionRule.KeepWeekly], week45.Rules);
        Assert.Contains("ISO week 2026-W45", week45.Reason);
        Assert.Contains(RetentionRule.KeepMonthly, plan.Kept.Single(k => k.Backup.StoredAt.Month == 6).Rules);
    }

    [Theory]
    [InlineData("UTC", 1)]
    [InlineData("Europe/Berlin", 2)]
    public void Tiers_count_days_in_the_configured_time_zone(string zone, int kept)
    {
        // 22:30 and 23:30 UTC are both the 23rd in UTC, but 23:30 and 00:30 (the 24th) in Berlin.
        _store.Add("db1", "main", new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.Zero));
        _store.Add("db1", "main", new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero));
        var policies = new RetentionPolicies
        {
            Default = new RetentionPolicy { KeepDaily = 2 },
            TimeZone = NamingTimeZone.Resolve(zone, "time-zone"),
        };

        var plan = RetentionPlanner.Plan(_store.Scan(), policies, Now);

        Assert.Equal(kept, plan.Kept.Count);
    }

    [Fact]
    public void Every_backup_is_either_kept_or_deleted_once()
    {
        _store.AddDaily("db1", "main", Today, 30, size: 70);
        _store.AddDaily("db2", "main", Today, 30, size: 90);
        _store.Add("db2", "main", Now.AddDays(-40), inProgress: true);
        var backups = _store.Scan();

        var plan = RetentionPlanner.Plan(
            backups,
            new RetentionPolicies { Default = new RetentionPolicy { KeepLast = 3, KeepWeekly = 3, MaxBytes = 1000 }, StoreMaxBytes = 1500 },
            Now);

        Assert.Equal(backups.Select(b => b.Path).Order(), plan.Kept.Select(k => k.Backup.Path).Concat(plan.Deletions.Select(d => d.Backup.Path)).Order());
        Assert.All(plan.Deletions, d => Assert.False(d.Backup.InProgress));
    }

    [Fact]
    public void Each_backup_type_keeps_its_own_newest_verified_backup_so_newer_hot_copies_never_push_out_the_last_cold_one()
    {
        var hot = Enumerable.Range(1, 5).Select(d => _store.Add("db1", "main", Now.AddDays(-d), type: "hot")).ToList();
        var cold = _store.Add("db1", "main", Now.AddDays(-10), type: "cold");
        var legacy = _store.Add("db1", "main", Now.AddDays(-11));

        var plan = Plan(new RetentionPolicy { KeepLast = 2 });

        Assert.Equal(new[] { hot[0], hot[1], cold }.Order(), KeptPaths(plan));
        Assert.Contains(RetentionRule.NewestVerified, plan.Kept.Single(k => k.Backup.Path == cold).Rules);
        Assert.Equal(BackupType.Cold, _store.Scan().Single(b => b.Path == legacy).Type);
        Assert.Equal(BackupType.Hot, _store.Scan().Single(b => b.Path == hot[4]).Type);
        Assert.Contains(plan.Deletions, d => d.Backup.Path == legacy);
    }

    private RetentionPlan Plan(RetentionPolicy policy, long? storeMaxBytes = null) =>
        RetentionPlanner.Plan(_store.Scan(), new RetentionPolicies { Default = policy, StoreMaxBytes = storeMaxBytes }, Now);

    private static IEnumerable<string> KeptPaths(RetentionPlan plan) => plan.Kept.Select(k => k.Backup.Path).Order();

    public void Dispose() => _store.Dispose();
}
