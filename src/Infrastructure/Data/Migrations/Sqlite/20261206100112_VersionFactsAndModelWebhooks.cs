using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VersionFactsAndModelWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ModelWebhookId",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ModelWebhooks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelWebhooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelWebhooks_Models_ModelId",
                        column: x => x.ModelId,
                        principalTable: "Models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingMetrics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Split = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingMetrics_ModelVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VersionTags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VersionTags_ModelVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ModelWebhookId",
                table: "WebhookDeliveries",
                column: "ModelWebhookId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelWebhooks_ModelId",
                table: "ModelWebhooks",
                column: "ModelId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingMetrics_VersionId_Name_Split",
                table: "TrainingMetrics",
                columns: new[] { "VersionId", "Name", "Split" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VersionTags_VersionId_Key",
                table: "VersionTags",
                columns: new[] { "VersionId", "Key" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_ModelWebhooks_ModelWebhookId",
                table: "WebhookDeliveries",
                column: "ModelWebhookId",
                principalTable: "ModelWebhooks",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_ModelWebhooks_ModelWebhookId",
                table: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "ModelWebhooks");

            migrationBuilder.DropTable(
                name: "TrainingMetrics");

            migrationBuilder.DropTable(
                name: "VersionTags");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_ModelWebhookId",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "ModelWebhookId",
                table: "WebhookDeliveries");
        }
    }
}
