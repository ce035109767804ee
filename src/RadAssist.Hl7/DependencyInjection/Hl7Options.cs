namespace RadAssist.Hl7;

/// <summary>Options of the HL7 v2 package: the header of the ORU messages it writes and the MLLP delivery.</summary>
public sealed class Hl7Options
{
    /// <summary>Gets or sets MSH-3, the sending application of written messages.</summary>
    /// <value>Default <c>RADASSIST</c>.</value>
    public string SendingApplication { get; set; } = "RADASSIST";

    /// <summary>Gets or sets MSH-4, the sending facility.</summary>
    /// <value>Default empty.</value>
    public string? SendingFacility { get; set; }

    /// <summary>Gets or sets MSH-5, the receiving application, such as the RIS.</summary>
    /// <value>Default empty.</value>
    public string? ReceivingApplication { get; set; }

    /// <summary>Gets or sets MSH-6, the receiving facility.</summary>
    /// <value>Default empty.</value>
    public string? ReceivingFacility { get; set; }

    /// <summary>
    /// Gets or sets MSH-11, the processing id of HL7 table 0103: <c>P</c> production, <c>T</c> training,
    /// <c>D</c> debugging.
    /// </summary>
    /// <value>Default <c>P</c>.</value>
    public string ProcessingId { get; set; } = "P";

    /// <summary>Gets or sets MSH-12, the version written.</summary>
    /// <value>Default <c>2.5.1</c>, the version the IHE Radiology profiles use.</value>
    public string Version { get; set; } = "2.5.1";

    /// <summary>
    /// Gets or sets the MLLP peer that receives rendered ORU drafts. When set, an <see cref="IDraftDelivery"/> with
    /// format <c>hl7</c> is registered.
    /// </summary>
    /// <value>Default <see langword="null"/>: no delivery.</value>
    public MllpClientOptions? Delivery { get; set; }
}
