using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RadAssist.Hl7;

/// <content>The single pass that indexes segment and field boundaries.</content>
public sealed partial class Hl7Message
{
    /// <summary>
    /// Records segment boundaries and field starts in one pass over the message. The pass compares 32 or 16 bytes at
    /// a time with the field separator and the segment terminator, and visits only the positions that match.
    /// </summary>
    private ref struct SegmentIndexer
    {
        /// <summary>Spare field entries after the last, which <see cref="AppendFieldStarts"/> may overwrite.</summary>
        public const int Slack = 4;

        private readonly ReadOnlySpan<byte> _span;
        private readonly byte _fieldSeparator;
        private readonly bool _strict;
        private readonly int _segmentBase;
        private int _segmentStart;
        private int _segmentFirstField;
        private byte _terminator;

        public SegmentIndexer(
            ReadOnlySpan<byte> span,
            byte fieldSeparator,
            int[] index,
            int segmentBase,
            bool strict,
            List<string>? warnings)
        {
            _span = span;
            _fieldSeparator = fieldSeparator;
            _strict = strict;
            Index = index;
            _segmentBase = segmentBase;
            Warnings = warnings;
        }

        /// <summary>Field starts, then from the segment base three entries per segment, as <see cref="_index"/> describes.</summary>
        public int[] Index { get; }

        public int SegmentCount { get; private set; }

        public int FieldCount { get; private set; }

        public List<string>? Warnings { get; private set; }

        /// <summary>Indexes every segment from an offset to the end, splitting segments at one terminator byte.</summary>
        public void Scan(int offset, byte terminator)
        {
            _terminator = terminator;
            OpenSegment(offset);
            ref var origin = ref MemoryMarshal.GetReference(_span);
            var length = _span.Length;
            var position = offset;
            if (Vector256.IsHardwareAccelerated)
            {
                var separators = Vector256.Create(_fieldSeparator);
                var terminators = Vector256.Create(terminator);
                for (; position + Vector256<byte>.Count <= length; position += Vector256<byte>.Count)
                {
                    var block = Vector256.LoadUnsafe(ref origin, (nuint)position);
                    VisitBlock(
                        position,
                        Vector256.Equals(block, separators).ExtractMostSignificantBits(),
                        Vector256.Equals(block, terminators).ExtractMostSignificantBits());
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                var separators = Vector128.Create(_fieldSeparator);
                var terminators = Vector128.Create(terminator);
                for (; position + Vector128<byte>.Count <= length; position += Vector128<byte>.Count)
                {
                    var block = Vector128.LoadUnsafe(ref origin, (nuint)position);
                    VisitBlock(
                        position,
                        Vector128.Equals(block, separators).ExtractMostSignificantBits(),
                        Vector128.Equals(block, terminators).ExtractMostSignificantBits());
                }
            }

            for (; position < length; position++)
            {
                var value = _span[position];
                if (value == _fieldSeparator || value == terminator)
                {
                    VisitMatches(position, value == terminator ? 0u : 1u, value == terminator ? 1u : 0u);
                }
            }

            CloseSegment(length);
        }

        /// <summary>Records the matches of one block, taking the short path when it has no terminator.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void VisitBlock(int blockStart, uint separators, uint terminators)
        {
            if (terminators != 0)
            {
                VisitMatches(blockStart, separators, terminators);
            }
            else if (separators != 0)
            {
                AppendFieldStarts(blockStart, separators);
            }
        }

        /// <summary>
        /// Records the field starts after the separators of a block without a terminator. The first four are written
        /// without testing whether they exist, into the spare entries when they do not, because a loop that ends after
        /// a varying number of matches costs a mispredicted branch in almost every block.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AppendFieldStarts(int blockStart, uint separators)
        {
            var index = Index;
            var next = FieldCount;
            var count = BitOperations.PopCount(separators);
            var first = blockStart + 1;
            index[next] = first + BitOperations.TrailingZeroCount(separators);
            separators &= separators - 1;
            index[next + 1] = first + BitOperations.TrailingZeroCount(separators);
            separators &= separators - 1;
            index[next + 2] = first + BitOperations.TrailingZeroCount(separators);
            separators &= separators - 1;
            index[next + 3] = first + BitOperations.TrailingZeroCount(separators);
            separators &= separators - 1;
            for (var entry = next + 4; separators != 0; entry++)
            {
                index[entry] = first + BitOperations.TrailingZeroCount(separators);
                separators &= separators - 1;
            }

            FieldCount = next + count;
        }

        /// <summary>
        /// Records the field separators and terminators of one block, in order. Most matches are separators, which
        /// only append a field start, so the loop keeps the field count in a local and leaves it only at a terminator.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void VisitMatches(int blockStart, uint separators, uint terminators)
        {
            var index = Index;
            var fieldCount = FieldCount;
            var matches = separators | terminators;
            while (matches != 0)
            {
                var bit = matches & (0u - matches);
                var position = blockStart + BitOperations.TrailingZeroCount(matches);
                matches ^= bit;
                if ((terminators & bit) == 0)
                {
                    index[fieldCount++] = position + 1;
                    continue;
                }

                FieldCount = fieldCount;
                CloseSegment(position);
                OpenSegment(position + 1);
                fieldCount = FieldCount;
            }

            FieldCount = fieldCount;
        }

        private void OpenSegment(int start)
        {
            _segmentStart = start;
            _segmentFirstField = FieldCount;
            Index[FieldCount++] = start;
        }

        /// <summary>
        /// Keeps the segment that ends at an offset, or drops it when it is empty or blank. CR and LF at its start
        /// belong to the previous terminator (CR LF, or LF CR in some files), so they are skipped.
        /// </summary>
        private void CloseSegment(int end)
        {
            var start = _segmentStart;
            while (start < end && (_span[start] == Lf || _span[start] == Cr))
            {
                start++;
            }

            // A message split at LF may still end some segments with CR LF.
            if (_terminator == Lf && end > start && _span[end - 1] == Cr)
            {
                end--;
            }

            if (start == end)
            {
                FieldCount = _segmentFirstField;
                return;
            }

            var segment = _span[start..end];
            if (HasSegmentName(segment))
            {
                // A well-formed name, the usual case, needs neither the blank test nor the name warning.
                if (SegmentCount > 0 && segment[0] == (byte)'M' && segment[1] == (byte)'S' && segment[2] == (byte)'H')
                {
                    throw SecondMsh(start);
                }

                KeepSegment(start, end);
                return;
            }

            if (IsBlank(segment))
            {
                var warnings = Warnings;
                AddWarning(
                    ref warnings,
                    _strict,
                    Hl7ErrorCode.InvalidSegmentName,
                    "A segment contains only spaces; it is skipped.",
                    start);
                Warnings = warnings;
                FieldCount = _segmentFirstField;
                return;
            }

            var list = Warnings;
            CheckSegmentName(_span, start, end, _fieldSeparator, SegmentCount, _strict, ref list);
            Warnings = list;
            var isMsh = segment.StartsWith("MSH"u8) && (segment.Length == 3 || segment[3] == _fieldSeparator);
            if (SegmentCount > 0 && isMsh)
            {
                throw SecondMsh(start);
            }

            KeepSegment(start, end);
        }

        private static Hl7ParseException SecondMsh(int start) => new(
            Hl7ErrorCode.MultipleMessages,
            $"The bytes hold a second MSH segment at byte {start}; parse each message on its own.",
            "MSH(2)",
            start);

        private static bool IsNameByte(byte value) => (uint)(value - 'A') <= 'Z' - 'A' || (uint)(value - '0') <= 9;

        private readonly bool HasSegmentName(ReadOnlySpan<byte> segment) =>
            segment.Length >= 3 && IsNameByte(segment[0]) && IsNameByte(segment[1]) && IsNameByte(segment[2]) &&
            (segment.Length == 3 || segment[3] == _fieldSeparator);

        private void KeepSegment(int start, int end)
        {
            Index[_segmentFirstField] = start;
            var entry = _segmentBase + (SegmentCount * 3);
            Index[entry] = start;
            Index[entry + 1] = end;
            Index[entry + 2] = _segmentFirstField;
            SegmentCount++;
        }
    }
}
