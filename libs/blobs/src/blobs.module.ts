import { Module } from '@nestjs/common';
import { BlobStore } from './blob-store';
import { blobStoreProvider } from './blob-store.factory';

@Module({
  providers: [blobStoreProvider],
  exports: [BlobStore],
})
export class BlobsModule {}
