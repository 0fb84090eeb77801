using Durable.Execution;

namespace Durable.Runtime.Tests;

/// <summary>The positional ID scheme must reproduce the test vectors of protocol §7 (shared with AWS's .NET and Java SDKs).</summary>
public class OperationIdTests
{
    [Fact]
    public void Root_operation_one_is_sha256_of_1()
    {
        Assert.Equal("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", OperationIds.Create(null, 1));
    }

    [Fact]
    public void Root_operation_two_is_sha256_of_2()
    {
        Assert.Equal("d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35", OperationIds.Create(null, 2));
    }

    [Fact]
    public void First_child_of_root_operation_one_hashes_the_parent_id_with_a_dash()
    {
        var parent = OperationIds.Create(null, 1);
        Assert.Equal("2ac06c59dbc2f95f867ebb0f4e986076465c3dfd08e9353610dcf46b8b030df6", OperationIds.Create(parent, 1));
        Assert.Equal(OperationIds.Hash(parent + "-1"), OperationIds.Create(parent, 1));
    }

    [Fact]
    public void Large_positions_and_deep_nesting_stay_64_lowercase_hex_characters()
    {
        var id = OperationIds.Create(OperationIds.Create(OperationIds.Create(null, 7), 12), int.MaxValue);
        Assert.Equal(64, id.Length);
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal(OperationIds.Hash(OperationIds.Create(OperationIds.Create(null, 7), 12) + "-2147483647"), id);
    }

    [Fact]
    public void Positions_start_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationIds.Create(null, 0));
    }
}
