import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createBlobStore } from './blob-store.factory';
import { FilesystemBlobStore } from './filesystem.blob-store';
import { PostgresBlobStore } from './postgres.blob-store';

describe('createBlobStore', () => {
  const db = {} as DataSource;

  it('keeps rendition bytes in PostgreSQL unless told otherwise', () => {
    expect(createBlobStore(loadConfig({}, '/srv/app'), db)).toBeInstanceOf(PostgresBlobStore);
  });

  it('writes them as files under the data folder when CCM_BLOB_STORE=filesystem', async () => {
    const store = createBlobStore(loadConfig({ CCM_BLOB_STORE: 'filesystem', CCM_DATA_DIR: '/nonexistent-ccm' }, '/srv/app'), db);
    expect(store).toBeInstanceOf(FilesystemBlobStore);
    await expect(store.get('renditions/x/pdf')).resolves.toBeNull();
  });
});
