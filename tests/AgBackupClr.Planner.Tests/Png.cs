using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The pixels of a PNG file as Chromium's --screenshot writes it: 8 bits per channel, RGB or RGBA, not interlaced (the PNG
/// specification, W3C, sections 11.2 IHDR, 10 compression and 9 filtering). Anything else fails the test that reads it.
/// </summary>
internal sealed class Png
{
    private Png(int width, int height, byte[] rgb) => (Width, Height, Rgb) = (width, height, rgb);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Three bytes a pixel, row by row; alpha, where there is one, is dropped.</summary>
    public byte[] Rgb { get; }

    public static Png Read(byte[] file)
    {
        Assert.That(file.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), Is.True, "a PNG signature");
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (int at = 8; at < file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = Encoding.ASCII.GetString(file, at + 4, 4);
            ReadOnlySpan<byte> data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data.Slice(4)));
                Assert.That((data[8], data[9], data[12]), Is.EqualTo((8, 6, 0)).Or.EqualTo((8, 2, 0)), "8-bit RGBA or RGB, not interlaced");
                channels = data[9] == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        byte[] filtered = inflated.ToArray();
        int stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int raw = filtered[(y * (stride + 1)) + 1 + i];
                int left = i >= channels ? current[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(raw + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new AssertionException("PNG filter type " + filter + " does not exist."),
                });
            }

            for (int x = 0; x < width; x++)
            {
                current.AsSpan(x * channels, 3).CopyTo(rgb.AsSpan(((y * width) + x) * 3));
            }

            (previous, current) = (current, previous);
        }

        return new Png(width, height, rgb);
    }

    /// <summary>How many pixels are within a few steps of this colour in each channel (anti-aliasing shades the edges).</summary>
    public int Count(int red, int green, int blue)
    {
        int count = 0;
        for (int i = 0; i < Rgb.Length; i += 3)
        {
            count += Math.Abs(Rgb[i] - red) <= 8 && Math.Abs(Rgb[i + 1] - green) <= 8 && Math.Abs(Rgb[i + 2] - blue) <= 8 ? 1 : 0;
        }

        return count;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left);
        int toUp = Math.Abs(estimate - up);
        int toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
