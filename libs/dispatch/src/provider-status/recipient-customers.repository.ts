import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Which customers an address belongs to, as far as what was sent to it tells. */
@Injectable()
export class RecipientCustomersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The `customerId`s of the documents delivered (or being delivered) to this address, on any channel. */
  async customerIdsAt(address: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT doc.recipient->>'customerId' AS customer_id
         FROM deliveries d JOIN documents doc ON doc.id = d.document_id
        WHERE d.recipient = $1 AND doc.recipient->>'customerId' IS NOT NULL
        ORDER BY 1`,
      [address],
    )) as Array<{ customer_id: string }>;
    return rows.map((row) => row.customer_id);
  }
}
