import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass } from './migration-types';

/**
 * A TypeORM migration from plain SQL (TypeORM orders migrations by the 13-digit suffix of `name`). Every migration
 * holds its own literal statements: nothing that live code uses to build tables, so an applied migration never
 * changes (the schema snapshot tests fail when the effect of the migrations does).
 */
export function sqlMigration(name: string, up: readonly string[], down: readonly string[]): MigrationClass {
  return class implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of up) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of down) await queryRunner.query(statement);
    }
  };
}
